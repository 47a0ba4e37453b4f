// The web server (tests/setup/e2e-server.ts) prepares the database before it listens;
// nothing else is shared between specs, which make their own users.
export default async function globalSetup() {}
