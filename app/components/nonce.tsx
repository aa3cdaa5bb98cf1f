import { createContext, useContext } from "react";

// The CSP nonce reaches <Scripts> through context rather than loader data,
// so it never travels inside the page's JSON.
const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
