import { readFileSync } from 'node:fs'
import { test, expect, signIn, snap, expectNoHorizontalScroll, checkAccessibility } from './support/fixtures'
import { acceptedQiyeKaibanCase } from './support/api-audit'
import { createUser, traceCase } from './pages/audit'

let theCase: { id: string; number: string }

test.beforeAll(async () => {
  theCase = await acceptedQiyeKaibanCase(test.info().project.use.baseURL!)
})

test('the auditor finds a case, sees its intact hash chain and exports the search as CSV', async ({ page }) => {
  await signIn(page, 'auditor')
  await expect(page).toHaveURL(/\/trace$/)
  await checkAccessibility(page)
  await snap(page, 'auditor-trace')

  await traceCase(page, theCase.number)
  await expect(page).toHaveURL(new RegExp(`/trace/${theCase.id}$`))
  await expect(page.getByTestId('chain-check')).toContainText(/哈希链完整（共 \d+ 个事件）/)
  await expect(page.getByTestId('history')).toContainText('clerk')
  await checkAccessibility(page)
  await snap(page, 'auditor-history')

  await page.getByRole('link', { name: '返回办件追溯' }).click()
  await page.getByLabel('办件编号').fill(theCase.number.slice(0, 8))
  await page.getByText('按前缀匹配').click()
  await page.getByTestId('trace-search').click()
  await expect(page.getByTestId('trace-results').getByRole('link', { name: theCase.number })).toBeVisible()
  const downloading = page.waitForEvent('download')
  await page.getByTestId('trace-export').click()
  const file = await downloading
  expect(file.suggestedFilename()).toMatch(/^办件查询-\d{8}-\d{4}\.csv$/)
  const text = readFileSync((await file.path())!, 'utf8')
  expect(text.charCodeAt(0)).toBe(0xfeff)
  expect(text).toContain('"办件编号","一件事","申请人"')
  expect(text).toContain(`"${theCase.number}"`)

  await page.getByTestId('trace-verify-all').click()
  await expect(page.getByTestId('verify-report')).toContainText('哈希链完整')

  await page.setViewportSize({ width: 375, height: 800 })
  await expectNoHorizontalScroll(page)
})

test('the administrator creates an approver, locks and unlocks them, and the approver signs in to 待办', async ({ page }) => {
  await signIn(page, 'admin')
  await expect(page).toHaveURL(/\/admin\/users$/)
  await checkAccessibility(page)

  await createUser(page, {
    userName: 'approver-e2e',
    displayName: '测试审批（市场监管局）',
    password: 'Market#2026x',
    role: '审批人员',
    department: '市场监管局',
  })
  await snap(page, 'admin-users')

  await page.getByTestId('lock-approver-e2e').click()
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click()
  await expect(page.getByTestId('locked-approver-e2e')).toHaveText('已锁定')
  await page.getByTestId('unlock-approver-e2e').click()
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click()
  await expect(page.getByTestId('locked-approver-e2e')).toHaveText('正常')

  await page.getByRole('menuitem', { name: '部门管理' }).click()
  await expect(page.getByTestId('departments')).toContainText('市场监管局')
  await page.getByTestId('department-create').click()
  await page.getByLabel('部门代码').fill('wjw')
  await page.getByLabel('部门名称').fill('卫健委')
  await page.getByTestId('department-save').click()
  await expect(page.getByTestId('departments')).toContainText('卫健委')
  await checkAccessibility(page)
  await snap(page, 'admin-departments')
  await page.setViewportSize({ width: 375, height: 800 })
  await expectNoHorizontalScroll(page)
  await page.setViewportSize({ width: 1280, height: 800 })

  await page.getByTestId('sign-out').click()
  await expect(page).toHaveURL(/\/sign-in/)
  await signIn(page, 'approver-e2e', 'Market#2026x')
  await expect(page).toHaveURL(/\/todo/)
})
