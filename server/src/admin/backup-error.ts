/** Why a backup or a restore did not happen (or did not finish); the message says what to do. */
export class BackupError extends Error {
  override name = 'BackupError'
}
