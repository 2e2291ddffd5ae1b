using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

public sealed class MaterialTests : IDisposable
{
    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static MultipartFormDataContent Upload(string code, byte[] content, string contentType, string fileName)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { new StringContent(code), "code" }, { file, "file", fileName } };
    }

    private static async Task<string> Draft(HttpClient applicant)
    {
        var created = await Post(applicant, "/api/cases", new
        {
            processId = "qiye-kaiban",
            applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
            formData = ApplyForm(),
        }, HttpStatusCode.Created);
        return created.GetProperty("summary").GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Upload_Pdf_IsStoredListedAndDownloadableByTheClerkAfterSubmission()
    {
        using var applicant = await _factory.SignInAsync("applicant");
        using var clerk = await _factory.SignInAsync("clerk");
        var id = await Draft(applicant);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n公司章程\n%%EOF");
        using var upload = Upload("公司章程", pdf, "application/pdf", "../../章程.pdf");
        using var response = await applicant.PostAsync(new Uri($"/api/cases/{id}/materials", UriKind.Relative), upload);
        var material = await Ok(response, HttpStatusCode.Created);
        Assert.Equal("章程.pdf", material.GetProperty("fileName").GetString());
        await Post(applicant, $"/api/cases/{id}/submit");

        var detail = await Get(clerk, $"/api/cases/{id}");
        var listed = Assert.Single(detail.GetProperty("materials").EnumerateArray());
        Assert.Equal("公司章程", listed.GetProperty("code").GetString());
        using var download = await clerk.GetAsync(new Uri($"/api/cases/{id}/materials/{listed.GetProperty("id").GetString()}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        using var late = Upload("住所使用证明", pdf, "application/pdf", "lease.pdf");
        using var refused = await applicant.PostAsync(new Uri($"/api/cases/{id}/materials", UriKind.Relative), late);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Fact]
    public async Task Upload_DisguisedOrOversizedFile_IsRefusedAndNothingIsStored()
    {
        using var applicant = await _factory.SignInAsync("applicant");
        var id = await Draft(applicant);
        using var disguised = Upload("公司章程", Encoding.UTF8.GetBytes("<script>alert(1)</script>"), "application/pdf", "x.pdf");
        using var response = await applicant.PostAsync(new Uri($"/api/cases/{id}/materials", UriKind.Relative), disguised);
        var problem = await Ok(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));

        var big = new byte[11 * 1024 * 1024];
        "%PDF"u8.CopyTo(big);
        using var oversized = Upload("公司章程", big, "application/pdf", "big.pdf");
        using var tooLarge = await applicant.PostAsync(new Uri($"/api/cases/{id}/materials", UriKind.Relative), oversized);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        var detail = await Get(applicant, $"/api/cases/{id}");
        Assert.Empty(detail.GetProperty("materials").EnumerateArray());
        Assert.Equal(1, detail.GetProperty("revision").GetInt64());

        // Larger than a JSON call may be (2 MB), within the material limit (10 MB).
        var scan = new byte[5 * 1024 * 1024];
        "%PDF"u8.CopyTo(scan);
        using var large = Upload("住所使用证明", scan, "application/pdf", "scan.pdf");
        using var accepted = await applicant.PostAsync(new Uri($"/api/cases/{id}/materials", UriKind.Relative), large);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }
}
