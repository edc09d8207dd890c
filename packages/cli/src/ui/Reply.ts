import type { SafeHtml } from './html';

/** What a page or action answers: a page with its status, or a redirect after a form post. */
export type Reply =
  | {
      readonly kind: 'page';
      readonly status: number;
      readonly title: string;
      readonly body: SafeHtml;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'redirect'; readonly location: string };

export function page(title: string, body: SafeHtml, status = 200, headers?: Readonly<Record<string, string>>): Reply {
  return { kind: 'page', status, title, body, headers };
}

export function redirect(location: string): Reply {
  return { kind: 'redirect', location };
}
