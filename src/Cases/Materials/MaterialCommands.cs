using System.Globalization;
using System.Security.Cryptography;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;
using static OneThing.Cases.Casework.CaseCommandRunner;

namespace OneThing.Cases.Casework;

/// <summary>An uploaded material (材料) for a case: which item it is (<paramref name="Code"/>) and the file.</summary>
public sealed record AttachMaterial(Guid CaseId, string Code, string FileName, string ContentType, byte[] Content);

/// <summary>Removal of an uploaded material.</summary>
public sealed record RemoveMaterial(Guid CaseId, Guid MaterialId);

/// <summary>The applicant's uploads (材料): added and removed while the case is a draft or under correction.</summary>
public sealed class MaterialCommands(CaseCommandRunner runner)
{
    private const int BytesPerMegabyte = 1024 * 1024;

    /// <summary>File types accepted, by content type, with the bytes their files begin with.</summary>
    private static readonly Dictionary<string, byte[]> FileSignatures = new(StringComparer.Ordinal)
    {
        ["application/pdf"] = "%PDF"u8.ToArray(),
        ["image/png"] = [0x89, 0x50, 0x4E, 0x47],
        ["image/jpeg"] = [0xFF, 0xD8, 0xFF],
        // OFD (GB/T 33190), the format of Chinese e-documents, is a zip container.
        ["application/ofd"] = "PK"u8.ToArray(),
    };

    private CaseOptions Options => runner.Options;

    /// <summary>Stores an uploaded material with the case. Only PDF, PNG, JPEG and OFD files whose content matches
    /// their type are accepted, up to <see cref="CaseOptions.MaxMaterialBytes"/>.</summary>
    public CaseMaterialRecord Attach(CaseActor actor, AttachMaterial input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var (code, fileName, contentType, content) = (input.Code, input.FileName, input.ContentType, input.Content);
        ArgumentNullException.ThrowIfNull(content);
        CaseMaterialRecord? added = null;
        runner.OnOwnCase(actor, input.CaseId, "material.add", (tx, record) =>
        {
            RequireEditable(record);
            var name = Path.GetFileName(fileName ?? "").Trim();
            if (name.Length is 0 or > CaseLimits.MaxFileNameLength || name.Any(char.IsControl))
            {
                throw CaseValidationException.Field("file", $"文件名应为 1 至 {CaseLimits.MaxFileNameLength} 个字符");
            }

            if (content.Length == 0 || content.Length > Options.MaxMaterialBytes)
            {
                throw CaseValidationException.Field("file", $"文件大小应在 1 字节至 {Options.MaxMaterialBytes / 1024 / 1024} MB 之间");
            }

            if (!FileSignatures.TryGetValue(contentType ?? "", out var signature) || !content.AsSpan().StartsWith(signature))
            {
                throw CaseValidationException.Field("file", "只接受 PDF、PNG、JPEG 或 OFD 文件，且内容须与类型一致");
            }

            if (tx.Db.Set<CaseMaterialRecord>().Count(m => m.CaseId == record.Id) >= Options.MaxMaterialsPerCase)
            {
                throw CaseValidationException.Field("file", $"每个办件至多上传 {Options.MaxMaterialsPerCase} 份材料");
            }

            RequireQuota(tx, record, content.Length);
            added = new CaseMaterialRecord
            {
                Id = TimeOrderedId.Next(tx.Now), CaseId = record.Id, Code = Required(code, "code", "请说明这是哪一项材料"),
                FileName = name, ContentType = contentType!, Size = content.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), Content = content,
                UploadedBy = actor.UserName, UploadedAt = tx.Now,
            };
            if (added.Code.Length > CaseLimits.MaxIdentifierLength)
            {
                throw CaseValidationException.Field("code", $"材料名称不能超过 {CaseLimits.MaxIdentifierLength} 个字符");
            }

            tx.Db.Add(added);
            return $"{added.Code}：{name}（{content.Length} 字节，SHA-256 {added.Sha256}）";
        });
        return added!;
    }

    /// <summary>Removes an uploaded material while the case can still be edited.</summary>
    public CaseRecord Remove(CaseActor actor, RemoveMaterial input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return runner.OnOwnCase(actor, input.CaseId, "material.remove", (tx, record) =>
        {
            RequireEditable(record);
            var material = tx.Db.Set<CaseMaterialRecord>().SingleOrDefault(m => m.Id == input.MaterialId && m.CaseId == record.Id)
                ?? throw new CaseException(CaseErrorKind.NotFound, "MATERIAL_NOT_FOUND", "材料不存在");
            tx.Db.Remove(material);
            return $"{material.Code}：{material.FileName}（SHA-256 {material.Sha256}）";
        });
    }

    /// <summary>Refuses an upload that would take the applicant's materials, across all their cases, past
    /// <see cref="CaseOptions.MaxMaterialBytesPerApplicant"/>; checked in the command's transaction before anything
    /// is written, so a refused upload leaves nothing behind.</summary>
    private void RequireQuota(EngineTransaction tx, CaseRecord record, long size)
    {
        var used = (from m in tx.Db.Set<CaseMaterialRecord>()
                    join c in tx.Db.Set<CaseRecord>() on m.CaseId equals c.Id
                    where c.Applicant == record.Applicant
                    select m.Size).Sum();
        if (used + size > Options.MaxMaterialBytesPerApplicant)
        {
            throw new CaseException(CaseErrorKind.Invalid, "STORAGE_QUOTA_EXCEEDED",
                $"您的材料总量已达上限：已用 {Megabytes(used)} MB，上限 {Megabytes(Options.MaxMaterialBytesPerApplicant)} MB，"
                + $"本文件 {Megabytes(size)} MB。请先删除不再需要的材料");
        }
    }

    private static string Megabytes(long bytes) =>
        (bytes / (double)BytesPerMegabyte).ToString("0.#", CultureInfo.InvariantCulture);
}
