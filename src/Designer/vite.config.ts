import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { fileURLToPath, URL } from 'node:url'
import { gzipSync } from 'node:zlib'

// The backend the dev server forwards API calls to (`npm run dev`): a server started with `dotnet run --project src/Server`.
const backend = process.env.ONETHING_BACKEND ?? 'http://127.0.0.1:5080'

/** The applicant's pages must load fast on an office PC or a phone: print the gzip size of what the entry page loads
 * before anything else (the entry chunk and the chunks it imports statically) and fail the build above the budget. */
function entryBudget(limitKb: number): Plugin {
  return {
    name: 'onething-entry-budget',
    apply: 'build',
    generateBundle(_, bundle) {
      const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry)
      if (!entry || entry.type !== 'chunk') return
      const seen = new Set<string>()
      const visit = (name: string) => {
        if (seen.has(name)) return
        seen.add(name)
        const chunk = bundle[name]
        if (chunk?.type === 'chunk') chunk.imports.forEach(visit)
      }
      visit(entry.fileName)
      let bytes = 0
      for (const name of seen) {
        const chunk = bundle[name]
        if (chunk?.type === 'chunk') bytes += gzipSync(chunk.code).length
      }
      const kb = bytes / 1024
      console.log(`entry bundle: ${kb.toFixed(1)} KB gzip (${seen.size} chunks; budget ${limitKb} KB)`)
      if (kb > limitKb) this.error(`the entry bundle is ${kb.toFixed(1)} KB gzip, over the budget of ${limitKb} KB`)
    },
  }
}

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components are imported where they are used, so each page's chunk carries only its own.
    Components({ resolvers: [ElementPlusResolver({ importStyle: false })], dts: false }),
    entryBudget(250),
  ],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': backend, '/openapi': backend, '/healthz': backend },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
})
