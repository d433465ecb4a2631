import { createContext, useContext } from 'react';

/** The CSP nonce of this server render (empty in the browser, where scripts are already allowed). */
export const NonceContext = createContext('');

export function useNonce(): string {
  return useContext(NonceContext);
}
