using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Insure.Api.Features.Admin;
using Insure.Api.Features.ApiKeys;
using Insure.Api.Features.Events;
using Insure.Api.Features.Health;
using Insure.Api.Features.Policies;
using Insure.Api.Features.Policyholders;
using Insure.Api.Features.Products;
using Insure.Api.Features.Submissions;
using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Hosting;
using Microsoft.AspNetCore.Rewrite;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Insure.Api.Hosting;

/// <summary>The playground organization seeded on an empty embedded in-memory start (null otherwise).</summary>
public sealed class PlaygroundInfo
{
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CreatedOrganizationDto? Organization { get; set; }

    /// <summary>Completes once start-up has decided whether to seed, and seeded if so.</summary>
    public Task Settled => _settled.Task;

    internal void Settle() => _settled.TrySetResult();
}
