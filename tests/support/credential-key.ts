/**
 * The key that encrypts organizations' signing keys in tests. The test
 * process (which creates organizations directly) and the production server it
 * starts must share it; production refuses to start without one.
 */
export const TEST_CREDENTIAL_KEY = Buffer.alloc(32, 7).toString("base64");
