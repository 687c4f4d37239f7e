// How a product process tells its supervisor it finished starting (configuration parsed,
// ports bound, connections made). The message is the string 'ready' over the Node IPC
// channel, the convention pm2's `wait_ready` also uses; without an IPC channel (run by
// hand, systemd, a container) announcing is a no-op.
export const READY_MESSAGE = 'ready';

export function announceReady(): void {
  // A supervisor that is gone already has nobody to tell (and send would fail).
  if (process.send && process.connected) process.send(READY_MESSAGE);
}

export function isReadyMessage(message: unknown): boolean {
  return message === READY_MESSAGE;
}
