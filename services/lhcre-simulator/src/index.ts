export { startSimulator, type RunningSimulator, type SimulatorOptions } from './simulator.js';
export { Holdings, type Holding } from './holdings.js';
export { verifyNotification, serverKeys, type Notification, type NotificationEvent, type VerifiedNotification } from './notification.js';
export { credentialsFromServerDataDir, credentialsFromKeyFile, type Credentials } from './credentials.js';
