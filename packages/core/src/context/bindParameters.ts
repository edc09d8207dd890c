/** Names a call's arguments by the method's parameters; a rest parameter collects everything after it. */
export function bindParameters(
  names: readonly string[],
  hasRestParameter: boolean,
  args: readonly unknown[],
): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  const positional = hasRestParameter ? names.length - 1 : names.length;
  for (let index = 0; index < positional && index < args.length; index++) parameters[names[index]] = args[index];
  if (hasRestParameter) parameters[names[names.length - 1]] = args.slice(positional);
  for (let index = positional; !hasRestParameter && index < args.length; index++) {
    parameters[`arg${index}`] = args[index];
  }
  return parameters;
}
