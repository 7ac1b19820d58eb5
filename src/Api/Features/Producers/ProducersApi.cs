using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Producers;

/// <summary>`/v1/producers`: the agencies and agents business is written through, their licenses and appointments.</summary>
public static class ProducersApi
{
    /// <summary>Longest `search` text accepted: longer than any name, email or NPN it could be part of.</summary>
    private const int MaxSearch = 254;

    public static RouteGroupBuilder MapProducers(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/producers")
            .WithTags("Producers")
            .WithErrorResponses(400, 401, 403, 404, 409, 413, 422, 429);

        group.MapPost("/", Create).RequireScope("producers:write")
            .WithName("CreateProducer")
            .WithSummary("Create a producer: an agency, or an agent of one of the caller's agencies, with its licenses")
            .WithDescription("Body `{\"type\":\"agency\"|\"agent\",\"name\",\"email\"?,\"npn\"?,\"agencyId\"?,\"partnerAgencyId\"?,\"licenses\"?}`. "
                + "An agent needs `agencyId`, an agency of the caller's that is not terminated (else 400 naming `agencyId`; 422 when terminated); "
                + "`partnerAgencyId` (the integrator's own id for the agency, at most 100 characters) is for agencies only. `name` at most 200 "
                + "characters; `email` an address; `npn` the National Producer Number, 1 to 10 digits. `licenses` "
                + "`[{\"state\",\"number\",\"linesOfBusiness\",\"expiresOn\"}]`: one per state (a two-letter US code), each covering lines of "
                + "business of the product catalog (`GL`, ...) and good through `expiresOn`. Emails are not unique: the same person may be an "
                + "agent of several agencies. A producer starts `active`. Raises `producer.created`.");
        group.MapGet("/", List).RequireScope("producers:read").WithPaging()
            .WithQuery("search", "Case-insensitive text found in the name, email or NPN")
            .WithQuery("status", "active, suspended or terminated")
            .WithQuery("type", "agency or agent")
            .WithQuery("agencyId", "Only the agents of this agency")
            .WithName("ListProducers")
            .WithSummary("List producers, newest first; filter by `search` (name, email, NPN), `status`, `type`, `agencyId`");
        group.MapGet("/{id}", Get).RequireScope("producers:read")
            .WithName("GetProducer")
            .WithSummary("Retrieve a producer with its licenses and appointments");
        group.MapPatch("/{id}", Update).RequireScope("producers:write")
            .WithName("UpdateProducer")
            .WithSummary("Change a producer's profile, status or licenses; fields left out keep their values, `licenses` replaces the list")
            .WithDescription("Body `{\"name\"?,\"email\"?,\"npn\"?,\"partnerAgencyId\"?,\"status\"?,\"licenses\"?}`, each checked as on create. "
                + "`status` moves `active` <-> `suspended`, and either to `terminated`, which is final: leaving it answers 422 "
                + "`invalid_state_transition`, and a terminated producer's profile and licenses no longer change (422). A suspended or "
                + "terminated producer (or an agent of such an agency) cannot place business: binding its submissions answers 422. A PATCH "
                + "that changes nothing answers the producer as it is; a change raises `producer.updated`.");
        group.MapGet("/{id}/appointments", ListAppointments).RequireScope("producers:read").WithPaging()
            .WithQuery("status", "active or terminated")
            .WithName("ListAppointments")
            .WithSummary("List a producer's appointments (state and line of business), newest first; filter by `status`");
        group.MapPost("/{id}/appointments", Appoint).RequireScope("producers:write")
            .WithName("CreateAppointment")
            .WithSummary("Appoint the producer for a state and line of business from an effective date; it needs a license for them")
            .WithDescription("Body `{\"state\",\"lineOfBusiness\",\"effectiveDate\"}` (`effectiveDate` at most 18 months ahead). The producer must "
                + "hold a license for the state that covers the line and has not expired on the effective date: otherwise 422 "
                + "`business_rule_violation` saying what is missing (`details.rule` `license_required`). A terminated producer cannot be "
                + "appointed (422); an active appointment for the same state and line already held is 409. Raises `appointment.created`.");
        group.MapPatch("/{id}/appointments/{appointmentId}", UpdateAppointment).RequireScope("producers:write")
            .WithName("UpdateAppointment")
            .WithSummary("Terminate an appointment, or make a terminated one active again (`{\"status\":\"active\"|\"terminated\"}`)")
            .WithDescription("Making an appointment active again needs what a new one does, as of today or its later effective date: a "
                + "producer that is not terminated, an unexpired license covering it (422 otherwise) and no other active appointment for the "
                + "same state and line (409). Sending the status it has changes nothing. A change raises `appointment.updated`.");
        return group;
    }

    private static async Task<Created<ProducerResource>> Create(CreateProducerRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var licenses = Licenses(body!.Licenses);
        var id = Ids.New(IdPrefixes.Producer, context.TenantClock());
        var created = (await context.TenantGrains(grains).Get<IProducerGrain>(id).Create(new NewProducer(
            body.Type, body.Name, body.Email, body.Npn, body.AgencyId, body.PartnerAgencyId, licenses, context.Caller().Actor))).ValueOrThrow()!;
        return TypedResults.Created($"/v1/producers/{id}", created.ToResource());
    }

    private static async Task<ListPage<ProducerResource>> List(HttpContext context, IQueryStore queries)
    {
        var request = context.Request;
        QueryParameters.OneOf(request, "status", ProducerStatuses.All);
        QueryParameters.OneOf(request, "type", ProducerTypes.All);
        var filter = new QueryFilter(QueryParameters.Tags(request, "status", "type", "agencyId"), Search: Search(request));
        return await queries.Read<ProducerInfo, ProducerResource>(QueryKinds.Producer, context.Caller().Tenant.ToString(), filter,
            PageRequest.From(request), p => p.ToResource());
    }

    private static async Task<Results<Ok<ProducerResource>, NotFound<ApiError>>> Get(string id, HttpContext context, IGrainFactory grains)
    {
        var producer = Grain(id, context, grains) is { } grain ? await grain.Get() : null;
        return producer is null ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Producer")) : TypedResults.Ok(producer.ToResource());
    }

    private static async Task<Results<Ok<ProducerResource>, NotFound<ApiError>>> Update(
        string id, UpdateProducerRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var licenses = Licenses(body!.Licenses);
        var updated = Grain(id, context, grains) is { } grain
            ? (await grain.Update(new ProducerPatch(body.Name, body.Email, body.Npn, body.PartnerAgencyId, body.Status, licenses,
                context.Caller().Actor))).ValueOrThrow()
            : null;
        return updated is null ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Producer")) : TypedResults.Ok(updated.ToResource());
    }

    private static async Task<Results<Ok<ListPage<AppointmentResource>>, NotFound<ApiError>>> ListAppointments(
        string id, HttpContext context, IGrainFactory grains)
    {
        var request = context.Request;
        QueryParameters.OneOf(request, "status", AppointmentStatuses.All);
        var paging = PageRequest.From(request);
        var producer = Grain(id, context, grains) is { } grain ? await grain.Get() : null;
        if (producer is null)
        {
            return TypedResults.NotFound(ErrorResponses.NotFound(context, "Producer"));
        }
        var status = request.Query["status"].ToString();
        // A producer's own appointments are few (one per state and line, plus those terminated): read from the producer itself.
        var appointments = producer.Appointments.Where(a => status.Length == 0 || a.Status == status).Reverse().Select(a => a.ToResource()).ToList();
        return TypedResults.Ok(ListPages.Of(appointments, paging));
    }

    private static async Task<Results<Created<AppointmentResource>, NotFound<ApiError>>> Appoint(
        string id, CreateAppointmentRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var appointment = Grain(id, context, grains) is { } grain
            ? (await grain.Appoint(new NewAppointment(body!.State, body.LineOfBusiness, body.EffectiveDate, context.Caller().Actor))).ValueOrThrow()
            : null;
        return appointment is null
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Producer"))
            : TypedResults.Created($"/v1/producers/{id}/appointments/{appointment.Id}", appointment.ToResource());
    }

    private static async Task<Results<Ok<AppointmentResource>, NotFound<ApiError>>> UpdateAppointment(
        string id, string appointmentId, UpdateAppointmentRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var grain = Grain(id, context, grains);
        if (grain is null || !Ids.IsValid(IdPrefixes.Appointment, appointmentId))
        {
            return TypedResults.NotFound(ErrorResponses.NotFound(context, grain is null ? "Producer" : "Appointment"));
        }
        var appointment = (await grain.UpdateAppointment(appointmentId, body!.Status, context.Caller().Actor)).ValueOrThrow();
        return appointment is null ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Producer")) : TypedResults.Ok(appointment.ToResource());
    }

    /// <summary>
    /// The licenses' shape: each an object with every field present (400 naming `licenses[i].field`). What the values
    /// must be (a state code, known lines, one license per state) is the producer's own rule.
    /// </summary>
    private static List<ProducerLicense>? Licenses(LicenseRequest[]? licenses) => licenses?.Select((license, i) =>
    {
        var field = $"licenses[{i}]";
        if (license is null)
        {
            throw ApiException.Validation(field, "required", $"{field} must be a license object");
        }
        var lines = license.LinesOfBusiness ?? throw ApiException.Validation($"{field}.linesOfBusiness", "required", $"Missing required field: {field}.linesOfBusiness");
        return new ProducerLicense(
            Validate.Required(license.State, $"{field}.state", 10),
            Validate.Required(license.Number, $"{field}.number", 50),
            lines.Select((line, j) => Validate.Required(line, $"{field}.linesOfBusiness[{j}]", 40)).ToArray(),
            Validate.Required(license.ExpiresOn, $"{field}.expiresOn"));
    }).ToList();

    /// <summary>The `search` text, or null when none is sent: at most <see cref="MaxSearch"/> characters, no control characters.</summary>
    private static TagSearch? Search(HttpRequest request)
    {
        var text = request.Query["search"].ToString().Trim();
        if (text.Length == 0)
        {
            return null;
        }
        if (text.Length > MaxSearch || text.Any(char.IsControl))
        {
            throw ApiException.Validation("search", "format", $"search must be at most {MaxSearch} characters of text");
        }
        return new TagSearch("search", text);
    }

    private static IProducerGrain? Grain(string id, HttpContext context, IGrainFactory grains) =>
        context.TenantGrains(grains).Find<IProducerGrain>(IdPrefixes.Producer, id);
}
