import { test, expect, signIn, checkAccessibility, snap } from './support/fixtures'

test('a person signs in, sees their role\'s navigation, and signs out', async ({ page }) => {
  await page.goto('/sign-in')
  await checkAccessibility(page)
  await page.getByLabel('用户名').fill('clerk')
  await page.getByLabel('密码').fill('wrong-password')
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByRole('alert')).toContainText('用户名或密码错误')

  await signIn(page, 'clerk')
  await expect(page).toHaveURL(/\/intake/)
  await expect(page.getByRole('menuitem', { name: '综合受理' })).toBeVisible()
  await expect(page.getByRole('menuitem', { name: '用户管理' })).toHaveCount(0)
  await snap(page, 'shell-clerk')
  await page.getByTestId('sign-out').click()
  await expect(page).toHaveURL(/\/sign-in/)
})

test('an ended session says so and leads back to sign-in', async ({ page }) => {
  await signIn(page, 'approver')
  await page.context().clearCookies()
  await page.getByRole('menuitem', { name: '已办' }).click()
  await expect(page.getByTestId('session-expired')).toBeVisible()
  await page.getByRole('button', { name: '重新登录' }).click()
  await expect(page).toHaveURL(/\/sign-in\?next=/)
})

test('unknown API paths stay 404 while SPA routes open directly', async ({ page, request }) => {
  const api = await request.get('/api/no-such-thing')
  expect(api.status()).toBe(404)
  await page.goto('/no-such-page')
  await expect(page.getByText('页面不存在', { exact: true })).toBeVisible()
})
