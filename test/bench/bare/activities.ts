// The bare workflow's two activities. Opening the session makes one real HTTP call to a
// loopback server (the product's session activity calls the provider's simulator once),
// so both arms pay for one round trip; completing does nothing (the product writes the
// order to its store there: that cost is part of what the bench measures).
export interface BareSession {
  checkoutId: string;
  redirectUrl: string;
}

export interface BareActivities {
  openBareSession(checkoutId: string): Promise<BareSession>;
  completeBare(checkoutId: string, status: string): Promise<void>;
}

export function createBareActivities(sessionServerUrl: string): BareActivities {
  return {
    async openBareSession(checkoutId) {
      const response = await fetch(`${sessionServerUrl}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ checkoutId }),
      });
      if (!response.ok) throw new Error(`session server answered ${response.status}`);
      return (await response.json()) as BareSession;
    },
    async completeBare() {},
  };
}
