/**
 * Whether `json/v1` text may hold a tag, from one scan of the text: when it cannot, `JSON.parse` alone brings back
 * the value, without a second walk over it (which costs as much as the parse).
 *
 * The writer (`JSON.stringify`, no spaces) starts every tag, and every plain object wrapped because one of its keys
 * starts with "$", with the three characters `{"$`; nothing else it writes can hold them: inside a string a quote is
 * always escaped, and a quote that closes a string is followed by `:`, `,`, `}` or `]`. So text without them holds
 * no tag. A planted record that spells a tag some other way (`{ "$date": …}`, `{"\u0024date": …}`) reads as the
 * plain JSON it is: still a value made of JSON data only, never anything a tag would build.
 */
export function holdsTags(text: string): boolean {
  return text.includes('{"$');
}
