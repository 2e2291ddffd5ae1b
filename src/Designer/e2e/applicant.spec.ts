import { test, expect, signIn, snap, checkAccessibility, expectNoHorizontalScroll } from './support/fixtures'

/** The smallest file the server takes as a PDF. */
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

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

  // Materials: a PDF is taken and listed; a file whose content is not what its type says is refused next to it;
  // a file uploaded by mistake is deleted.
  const material = page.locator('[data-test^="material-"]').first()
  const file = material.locator('input[type=file]')
  await file.setInputFiles({ name: '住所证明.pdf', mimeType: 'application/pdf', buffer: pdf })
  await expect(material.getByRole('link', { name: '住所证明.pdf' })).toBeVisible()
  await file.setInputFiles({ name: '伪装.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') })
  await expect(material.getByRole('alert')).toHaveText('只接受 PDF、PNG、JPEG 或 OFD 文件，且内容须与类型一致')
  await file.setInputFiles({ name: '多余.pdf', mimeType: 'application/pdf', buffer: pdf })
  await expect(material.getByRole('link', { name: '多余.pdf' })).toBeVisible()
  await material.getByRole('button', { name: '删除 多余.pdf' }).click()
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click()
  await expect(material.getByRole('link', { name: '多余.pdf' })).toHaveCount(0)
  await expectNoHorizontalScroll(page)
  await checkAccessibility(page)
  await snap(page, 'applicant-materials')
  await page.getByTestId('step3-next').click()
  await expect(page.getByText('住所证明.pdf')).toBeVisible()
  await page.getByTestId('submit').click()

  await page.goto('/mine')
  const row = page.getByTestId('mine-row').first()
  await expect(row).toContainText('已提交')
  await expect(row.getByTestId('case-number')).toHaveText(/^\d{20}$/)
  await expectNoHorizontalScroll(page)
  await checkAccessibility(page)
  await snap(page, 'applicant-mine')
})
