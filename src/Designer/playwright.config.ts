import { defineConfig } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// One server (fresh SQLite database, demo data) and one browser (Debian's Chromium, never a downloaded one) for the
// whole run: one worker, tests in file order. `./test.sh` runs this after the .NET tests, which built the server.
const port = Number(process.env.ONETHING_E2E_PORT ?? 5181)
const dataDir = mkdtempSync(join(tmpdir(), 'onething-e2e-'))
const serverDll = process.env.ONETHING_SERVER_DLL ?? '../Server/bin/Debug/net10.0/OneThing.Server.dll'

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // The UI's stable hooks are data-test attributes.
    testIdAttribute: 'data-test',
    // No fades: axe checks colours as they end, not half-way through a dialog's transition.
    reducedMotion: 'reduce',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.ONETHING_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `dotnet ${serverDll} --urls http://127.0.0.1:${port} --data-dir ${dataDir} --demo`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      ASPNETCORE_ENVIRONMENT: 'Development',
      // Every journey signs in several people from one address within a minute.
      OneThing__RateLimits__SignInsPerAddress__Permits: '1000',
      OneThing__RateLimits__DraftsPerUser__Permits: '1000',
    },
  },
})
