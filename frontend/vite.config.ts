import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  build: {
    // The app is loaded from the binary, not the network: one chunk per
    // library family keeps the first paint fast without many round trips.
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          if (id.includes('node_modules/@zxcvbn-ts')) return 'zxcvbn'
          if (id.includes('node_modules/pdfjs-dist')) return 'pdfjs' // loaded only to preview a PDF
          if (id.includes('node_modules')) return 'vendor'
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    // Mounting a component with Naive UI takes seconds on a loaded 2-core
    // machine; the default 5 s made tests fail on load, not on behaviour.
    testTimeout: 30000,
  },
})
