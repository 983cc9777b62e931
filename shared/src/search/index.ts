export * from './tokenize.js'
export * from './documents.js'
