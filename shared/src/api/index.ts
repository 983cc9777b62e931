export * from './common.js'
export * from './limits.js'
export * from './accounts.js'
export * from './profiles.js'
