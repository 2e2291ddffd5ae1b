using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

/// <summary>The per-applicant storage quota and malformed uploads (issue 9, defects 8 and 9).</summary>
public sealed class MaterialQuotaTests : IDisposable
{
    private const int Megabyte = 1024 * 1024;

    private readonly OneThingFactory _factory = new(settings: new Dictionary<string, string>
    {
        ["OneThing:Cases:MaxMaterialBytesPerApplicant"] = (6 * Megabyte).ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public void Dispose() => _factory.Dispose();

    private static MultipartFormDataContent Pdf(int bytes, string code = "公司章程")
    {
        var content = new byte[bytes];
        "%PDF"u8.CopyTo(content);
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { new StringContent(code), "code" }, { file, "file", "scan.pdf" } };
    }

    private static async Task<string> Draft(HttpClient applicant) =>
        (await Post(applicant, "/api/cases", new
        {
            processId = "qiye-kaiban",
            applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
            formData = ApplyForm(),
        }, HttpStatusCode.Created)).GetProperty("summary").GetProperty("id").GetString()!;

    [Fact]
    public async Task Upload_PastTheApplicantsQuotaAcrossCases_Is422AndStoresNothing()
    {
        using var applicant = await _factory.SignInAsync("applicant");
        var first = await Draft(applicant);
        var second = await Draft(applicant);
        using (var upload = Pdf(5 * Megabyte))
        using (var stored = await applicant.PostAsync(new Uri($"/api/cases/{first}/materials", UriKind.Relative), upload))
        {
            Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        }

        using var tooMuch = Pdf(2 * Megabyte);
        using var refused = await applicant.PostAsync(new Uri($"/api/cases/{second}/materials", UriKind.Relative), tooMuch);

        var problem = await Ok(refused, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("STORAGE_QUOTA_EXCEEDED", problem.GetProperty("code").GetString());
        Assert.Contains("上限 6 MB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var detail = await Get(applicant, $"/api/cases/{second}");
        Assert.Empty(detail.GetProperty("materials").EnumerateArray());
        Assert.Equal(1, detail.GetProperty("revision").GetInt64());

        // Within the quota once the first file is gone.
        var material = (await Get(applicant, $"/api/cases/{first}")).GetProperty("materials")[0].GetProperty("id").GetString();
        using (var removed = await applicant.DeleteAsync(new Uri($"/api/cases/{first}/materials/{material}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        using var retry = Pdf(2 * Megabyte);
        using var accepted = await applicant.PostAsync(new Uri($"/api/cases/{second}/materials", UriKind.Relative), retry);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=abc", "--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.pdf\"\r\n\r\n%PDF")]
    [InlineData("multipart/form-data; boundary=abc", "not multipart at all")]
    [InlineData("multipart/form-data", "--abc\r\n\r\n--abc--")]
    public async Task Upload_MalformedMultipart_Is400NotFileTooLarge(string contentType, string body)
    {
        using var applicant = await _factory.SignInAsync("applicant");
        var id = await Draft(applicant);
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await applicant.PostAsync(new Uri($"/api/cases/{id}/materials", UriKind.Relative), content);

        var problem = await Ok(response, HttpStatusCode.BadRequest);
        Assert.Equal("VALIDATION_FAILED", problem.GetProperty("code").GetString());
        Assert.Contains("multipart", problem.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
    }
}
