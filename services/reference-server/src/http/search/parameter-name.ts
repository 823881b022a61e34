const LOOKS_LIKE_A_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

/**
 * A parameter name as it may appear in diagnostics: names are structure, but a client can put
 * anything in a query key, so only something shaped like a parameter name is repeated back.
 */
export function safeParameterName(name: string): string {
  return LOOKS_LIKE_A_NAME.test(name) ? name : '(a parameter name that is not valid)';
}
