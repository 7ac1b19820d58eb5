namespace Insure.Api.Infrastructure;

/// <summary>Documents a multipart/form-data request body with one binary file field (the handler reads it itself).</summary>
public sealed record MultipartUploadDoc(string Field, string Description);
