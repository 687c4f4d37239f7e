/** A loopback port free at the time of asking (the caller binds it soon after). */
export { freeLoopbackPort as freePort } from '../../src/devstack/free-port';
