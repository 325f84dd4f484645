using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Zhijian.Web.Shared;

/// <summary>Where uploaded files live (section <c>Storage</c>, DESIGN.md's <c>Storage:Path</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The directory of every stored file; a relative path is under the content root. Default <c>data/files</c>.</summary>
    public string Path { get; set; } = "data/files";
}

/// <summary>A file as the store keeps it: its name in the store (area/random.ext), its size and SHA-256.</summary>
public sealed record StoredFile(string Name, long Size, string Sha256);

/// <summary>
/// The one place uploaded files are written and read (meeting attachments today; dues receipts, archives and course
/// materials next): every file under <c>Storage:Path</c>, in a folder per area, under a random name the server chose and
/// the extension of an allow-list; sizes are counted while streamed and the SHA-256 computed on the way. A download's
/// content type comes from the stored name's extension (never from what the uploader claimed), is always an attachment
/// and carries <c>X-Content-Type-Options: nosniff</c>, so no upload is ever rendered by the browser as a page of this site.
/// </summary>
public sealed class FileStore(IOptions<StorageOptions> options, IWebHostEnvironment env)
{
    /// <summary>The extensions a file may have, with the content type it is served as.</summary>
    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".doc"] = "application/msword",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xls"] = "application/vnd.ms-excel",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".ppt"] = "application/vnd.ms-powerpoint",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".txt"] = "text/plain; charset=utf-8",
        [".mp4"] = "video/mp4",
        [".mp3"] = "audio/mpeg",
    };

    /// <summary>What is served for a name whose extension is not allowed (a file stored before the list, say).</summary>
    public const string Fallback = "application/octet-stream";

    /// <summary>The store's directory.</summary>
    public string Root { get; } = System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(options.Value.Path)
        ? options.Value.Path
        : System.IO.Path.Combine(env.ContentRootPath, options.Value.Path));

    /// <summary>The content type a file name is served as: the allow-list's, else <see cref="Fallback"/>.</summary>
    public static string ContentTypeOf(string fileName) =>
        ContentTypes.TryGetValue(System.IO.Path.GetExtension(fileName), out var type) ? type : Fallback;

    /// <summary>
    /// The upload's file name without any path, and its extension (lower case), when the extension is on the allow-list
    /// (and on <paramref name="allowed"/>, a feature's narrower list); otherwise a 400 with a Chinese message.
    /// </summary>
    public static (string Name, string Extension) CheckUpload(string? fileName, IEnumerable<string>? allowed = null)
    {
        var name = System.IO.Path.GetFileName((fileName ?? "").Replace('\\', '/')).Trim();
        if (name.Length is 0 or > 200)
        {
            throw DomainException.Validation("file", "请选择要上传的文件（文件名不超过 200 字）");
        }

        var ext = System.IO.Path.GetExtension(name).ToLowerInvariant();
        var permitted = allowed?.Where(ContentTypes.ContainsKey).ToList() ?? [.. ContentTypes.Keys];
        if (!permitted.Contains(ext, StringComparer.OrdinalIgnoreCase))
        {
            throw DomainException.Validation("file",
                $"不支持的文件类型「{(ext.Length == 0 ? "无扩展名" : ext.Length > 20 ? ext[..20] + "…" : ext)}」，可上传：{string.Join(" ", permitted)}");
        }

        return (name, ext);
    }

    /// <summary>
    /// Writes a stream into <paramref name="area"/> under a random name with the given (allowed) extension; more than
    /// <paramref name="maxBytes"/>, or nothing at all, is refused with 400 and nothing is kept.
    /// </summary>
    public async Task<StoredFile> SaveAsync(string area, string extension, Stream content, long maxBytes, CancellationToken ct = default)
    {
        if (!ContentTypes.ContainsKey(extension) || area.Length == 0 || area.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            throw new ArgumentException("An allowed extension and a plain area name are required", nameof(extension));
        }

        var directory = System.IO.Path.Combine(Root, area);
        Directory.CreateDirectory(directory);
        var name = $"{area}/{Guid.NewGuid():N}{extension.ToLowerInvariant()}";
        var full = FullPath(name)!;
        long written = 0;
        string sha;
        try
        {
            await using (var file = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                int n;
                while ((n = await content.ReadAsync(buffer, ct)) > 0)
                {
                    written += n;
                    if (written > maxBytes)
                    {
                        throw TooLarge(maxBytes);
                    }

                    hasher.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), ct);
                }

                sha = Convert.ToHexStringLower(hasher.GetHashAndReset());
            }

            if (written == 0)
            {
                throw DomainException.Validation("file", "上传的文件是空的");
            }

            return new StoredFile(name, written, sha);
        }
        catch
        {
            File.Delete(full);
            throw;
        }
    }

    /// <summary>
    /// 400 <c>validation_failed</c> for a file over a feature's own limit (a body over the server's 50 MB is a 413 before
    /// it gets here).
    /// </summary>
    public static DomainException TooLarge(long maxBytes) =>
        DomainException.Validation("file", $"文件大小须在 1 字节到 {maxBytes / 1024 / 1024} MB 之间");

    /// <summary>The stored file for reading, or null when the name is not the store's or the file is gone.</summary>
    public FileStream? OpenRead(string name) => FullPath(name) is { } full && File.Exists(full)
        ? new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true)
        : null;

    /// <summary>Removes a stored file (nothing when it is already gone).</summary>
    public void Delete(string name)
    {
        if (FullPath(name) is { } full)
        {
            File.Delete(full);
        }
    }

    /// <summary>
    /// A download of a stored file as an attachment, typed by its extension, or 404 <c>not_found</c> when the file is gone
    /// (a row whose file was lost, or removed by hand, is not a server error).
    /// </summary>
    public IResult Download(Stream? file, string downloadName, HttpContext http)
    {
        if (file is null)
        {
            throw new DomainException(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "文件不存在或已被移除，请联系管理员重新上传");
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(file, ContentTypeOf(downloadName), downloadName);
    }

    /// <summary>The full path of a store name, or null when it would leave the store (<c>..</c>, rooted paths).</summary>
    private string? FullPath(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || System.IO.Path.IsPathRooted(name))
        {
            return null;
        }

        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, name));
        return full.StartsWith(Root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }
}
