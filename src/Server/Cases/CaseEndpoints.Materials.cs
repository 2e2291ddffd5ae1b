using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Casework;
using OneThing.Server.Api;

using CaseCommandResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<OneThing.Server.Cases.CaseDetail>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem, OneThing.Server.Api.NotFoundProblem,
    OneThing.Server.Api.ForbiddenProblem, OneThing.Server.Api.ConflictProblem>;

namespace OneThing.Server.Cases;

/// <summary>材料: uploading, downloading and removing a case's materials.</summary>
public static partial class CaseEndpoints
{
    /// <summary>Removes an uploaded material from a draft or a case under correction.</summary>
    public static Task<CaseCommandResult> RemoveMaterial(Guid id, Guid materialId, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Materials.Remove(services.Actor, new RemoveMaterial(id, materialId)));

    /// <summary>Uploads one material: multipart form with <c>code</c> (which material) and <c>file</c>. The 403 of a
    /// caller who is not the case's applicant is the role policy's status (declared by the group's convention).
    /// </summary>
    public static async Task<Results<Created<MaterialItem>, ValidationProblem, NotFoundProblem, ConflictProblem,
        UnprocessableProblem, TooLargeProblem>> AddMaterial(Guid id, HttpRequest request,
        [AsParameters] CaseServices services, CaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            if (await ReadMaterial(request, options).ConfigureAwait(false) is not { } file)
            {
                return new TooLargeProblem("文件过大", $"材料文件不能超过 {options.MaxMaterialBytes / 1024 / 1024} MB");
            }

            var material = services.Materials.Attach(services.Actor,
                new AttachMaterial(id, file.Code, file.FileName, file.ContentType, file.Content));
            return TypedResults.Created($"/api/cases/{id}/materials/{material.Id}", MaterialItem.Of(material));
        }
        catch (Exception e) when (Refusals.Typed(e) is { } refusal and not ForbiddenProblem)
        {
            return refusal switch
            {
                ValidationProblem v => v,
                NotFoundProblem n => n,
                ConflictProblem c => c,
                _ => (UnprocessableProblem)refusal,
            };
        }
    }

    private sealed record MaterialUpload(string Code, string FileName, string ContentType, byte[] Content);

    /// <summary>Reads the upload; null when the file is too large. A body that is not a well-formed form is a field
    /// problem.</summary>
    private static async Task<MaterialUpload?> ReadMaterial(HttpRequest request, CaseOptions options)
    {
        // Refused before reading when the declared size is already too large; the form reader's own limit covers
        // bodies that do not declare one.
        var limit = MaterialBodyLimit(options);
        if (request.ContentLength > limit)
        {
            return null;
        }

        if (!request.HasFormContentType)
        {
            throw CaseValidationExceptionFor("file", "请以 multipart/form-data 上传文件");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions
            {
                MultipartBodyLengthLimit = limit, ValueCountLimit = 16,
            }, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException
                                   || ex is IOException && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The size is checked above and by the server's body limit (413); what the form reader refuses besides
            // is a body that is not well-formed multipart (no boundary, cut short, too many fields).
            throw CaseValidationExceptionFor("file", "上传内容不是有效的 multipart/form-data，请重新选择文件上传");
        }

        var file = form.Files.GetFile("file") ?? throw CaseValidationExceptionFor("file", "请选择要上传的文件");
        if (file.Length > options.MaxMaterialBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return new MaterialUpload(form["code"].ToString(), file.FileName, file.ContentType, buffer.ToArray());
    }

    /// <summary>A material's multipart body: the file and room for the part headers and the <c>code</c> field.</summary>
    private static long MaterialBodyLimit(CaseOptions options) => options.MaxMaterialBytes + MultipartOverheadBytes;

    private const int MultipartOverheadBytes = 64 * 1024;

    /// <summary>Downloads a material's file.</summary>
    public static Task<Results<FileContentHttpResult, NotFoundProblem>> DownloadMaterial(Guid id, Guid materialId,
        HttpContext http, [AsParameters] CaseServices services)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(services);
        return Refusals.Read(async () =>
        {
            await using var db = await services.Contexts.CreateDbContextAsync(services.Aborted).ConfigureAwait(false);
            await Readable(db, id, services.User, services.Aborted).ConfigureAwait(false);
            var material = await db.Set<CaseMaterialRecord>().AsNoTracking()
                .SingleOrDefaultAsync(m => m.Id == materialId && m.CaseId == id, services.Aborted).ConfigureAwait(false)
                ?? throw new CaseException(CaseErrorKind.NotFound, "MATERIAL_NOT_FOUND", "材料不存在");
            // Served as a download only: a browser must never render an uploaded file as a page of this site.
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.File(material.Content, material.ContentType, material.FileName);
        });
    }
}
