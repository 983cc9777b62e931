import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'

const root = fileURLToPath(new URL('.', import.meta.url))

/** Files worth compressing, and the smallest one that is (below it the headers cost more). */
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|webmanifest)$/
const MIN_COMPRESS_BYTES = 1024

/**
 * Writes FILE.br (Brotli, quality 11) and FILE.gz (gzip -9) beside every compressible file of the
 * build, once, at build time: the server sends them as they are to a browser that accepts them
 * (@fastify/static `preCompressed`), so no request pays for compression.
 */
function precompress(): Plugin {
  return {
    name: 'watercooler-precompress',
    apply: 'build',
    writeBundle(options) {
      const dir = options.dir!
      const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]))
      for (const file of walk(dir)) {
        if (!COMPRESSIBLE.test(file)) continue
        const raw = fs.readFileSync(file)
        if (raw.length < MIN_COMPRESS_BYTES) continue
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }))
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(raw, { level: 9 }))
      }
    },
  }
}

export default defineConfig({
  root,
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Keep every asset a real file: the CSP allows only 'self' for scripts, styles and images.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
})
