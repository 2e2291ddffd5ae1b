import { test, expect, signIn, snap, checkAccessibility, expectNoHorizontalScroll } from './support/fixtures'

test('an applicant reads the guide of 企业开办, applies step by step at phone width and finds the case in 我的办件', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 })
  await signIn(page, 'applicant')
  await page.goto('/guide')
  await expect(page.getByTestId('guide-qiye-kaiban')).toBeVisible()
  await expectNoHorizontalScroll(page)
  await checkAccessibility(page)
  await snap(page, 'applicant-guide')

  await page.getByTestId('guide-qiye-kaiban').getByRole('link').first().click()
  await expect(page.getByText('不收费').first()).toBeVisible()
  await expectNoHorizontalScroll(page)
  await page.getByTestId('guide-apply').click()

  await page.getByLabel('申请人名称').fill('张三')
  await page.getByLabel('居民身份证号').fill('11010519491231002X')
  await page.getByTestId('step1-next').click()
  await expect(page.getByTestId('save-state')).toContainText('已保存')

  await page.getByLabel('企业名称').fill('上海一件事科技有限公司')
  await page.getByLabel('住所').fill('上海市徐汇区漕溪北路 1 号')
  await page.getByLabel('注册资本（万元）').fill('100')
  await expectNoHorizontalScroll(page)
  await checkAccessibility(page)
  await snap(page, 'applicant-apply-form')
  await page.getByTestId('step2-next').click()
  await page.getByTestId('step3-next').click()
  await page.getByTestId('submit').click()

  await page.goto('/mine')
  const row = page.getByTestId('mine-row').first()
  await expect(row).toContainText('已提交')
  await expect(row.getByTestId('case-number')).toHaveText(/^\d{20}$/)
  await expectNoHorizontalScroll(page)
  await checkAccessibility(page)
  await snap(page, 'applicant-mine')
})
