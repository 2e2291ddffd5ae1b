using OneThing.Cases.Casework;
using OneThing.Cases.Tests.TestSupport;
using static OneThing.Cases.Tests.TestSupport.CaseHost;

namespace OneThing.Cases.Tests.Materials;

/// <summary><see cref="MaterialCommands"/> on SQLite with a fake clock: upload and removal, and refusals.</summary>
public sealed class MaterialCommandsTests : IDisposable
{
    private static readonly byte[] Pdf = "%PDF-1.7 test"u8.ToArray();

    private readonly CaseHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Attach_APdfToADraft_IsStoredWithItsHash()
    {
        var id = _host.Draft();

        var material = _host.Materials.Attach(Applicant, new AttachMaterial(id, "营业执照", "执照.pdf", "application/pdf", Pdf));

        Assert.Equal(Pdf.Length, material.Size);
        Assert.Equal(64, material.Sha256.Length);
    }

    [Fact]
    public void Attach_ContentNotMatchingItsType_IsRefused() =>
        Assert.Contains("file", Assert.Throws<CaseValidationException>(() => _host.Materials.Attach(Applicant,
            new AttachMaterial(_host.Draft(), "营业执照", "执照.png", "image/png", Pdf))).Errors.Keys);

    [Fact]
    public void Attach_ANameTooLong_IsRefused()
    {
        var name = new string('a', CaseLimits.MaxFileNameLength) + ".pdf";

        var refused = Assert.Throws<CaseValidationException>(() => _host.Materials.Attach(Applicant,
            new AttachMaterial(_host.Draft(), "营业执照", name, "application/pdf", Pdf)));

        Assert.Equal($"文件名应为 1 至 {CaseLimits.MaxFileNameLength} 个字符", refused.Errors["file"].Single());
    }

    [Fact]
    public void Remove_AnUpload_IsGone_AndASecondRemovalIsNotFound()
    {
        var id = _host.Draft();
        var material = _host.Materials.Attach(Applicant, new AttachMaterial(id, "营业执照", "执照.pdf", "application/pdf", Pdf));

        _host.Materials.Remove(Applicant, new RemoveMaterial(id, material.Id));

        Assert.Equal("MATERIAL_NOT_FOUND", Assert.Throws<CaseException>(() =>
            _host.Materials.Remove(Applicant, new RemoveMaterial(id, material.Id))).Code);
    }
}
