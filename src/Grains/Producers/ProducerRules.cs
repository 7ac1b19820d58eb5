using System.Globalization;
using System.Net.Mail;
using Insure.Grains.Products;

namespace Insure.Grains.Producers;

/// <summary>
/// Every decision about a producer, as pure functions: whether a request makes a valid profile, whether a PATCH may be
/// applied, whether a license allows an appointment, and what a producer (with its agency) lacks to place a risk.
/// <see cref="Create"/>, <see cref="Apply(ProducerState, ProducerProfile, DateTimeOffset)"/>, <see cref="Apply(ProducerState, ProducerAppointment)"/>
/// and <see cref="Replace"/> are the only places the state moves.
/// </summary>
internal static class ProducerRules
{
    public const int MaxName = 200;
    public const int MaxEmail = 254;
    public const int MaxNpnDigits = 10;
    public const int MaxPartnerAgencyId = 100;
    public const int MaxLicenseNumber = 50;
    /// <summary>One license per state, so more than there are licensing jurisdictions is always a mistake.</summary>
    public const int MaxLicenses = 60;
    /// <summary>How far ahead of today an appointment may take effect.</summary>
    public const int MaxAppointmentLeadMonths = 18;
    /// <summary>Dates before this are taken for typing errors.</summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);

    /// <summary>
    /// A new producer's own checks: a known type, a name, well-formed optional fields, and the fields of its type (an
    /// agent names a well-formed agency id; only an agency has a partner id). Whether the agency exists is
    /// <see cref="CheckAgency"/>'s, once the grain has read it.
    /// </summary>
    public static Decision<ProducerProfile> CheckNew(NewProducer request, ProductCatalog catalog)
    {
        if (TextRules.Required(request.Type, "type", 20) is { } noType)
        {
            return noType;
        }
        if (!ProducerTypes.All.Contains(request.Type))
        {
            return RuleViolation.Invalid("type", "enum", $"type must be one of {string.Join(", ", ProducerTypes.All)}");
        }
        if (TextRules.Required(request.Name, "name", MaxName) is { } noName)
        {
            return noName;
        }
        if (Email(request.Email) is { } badEmail)
        {
            return badEmail;
        }
        if (Npn(request.Npn) is { } badNpn)
        {
            return badNpn;
        }
        string? agencyId = null;
        if (request.Type == ProducerTypes.Agent)
        {
            if (TextRules.Required(request.AgencyId, "agencyId", 40) is { } noAgency)
            {
                return noAgency;
            }
            agencyId = request.AgencyId!.Trim();
            if (!Ids.IsValid(IdPrefixes.Producer, agencyId))
            {
                return NoAgency(agencyId);
            }
            if (request.PartnerAgencyId is not null)
            {
                return RuleViolation.Invalid("partnerAgencyId", "not_applicable", "partnerAgencyId is for agencies; an agent belongs to its agencyId");
            }
        }
        else
        {
            if (request.AgencyId is not null)
            {
                return RuleViolation.Invalid("agencyId", "not_applicable", "agencyId is for agents; an agency has none");
            }
            if (PartnerAgencyId(request.PartnerAgencyId) is { } badPartner)
            {
                return badPartner;
            }
        }
        var licenses = Licenses(request.Licenses, catalog);
        if (licenses.Violation is { } badLicense)
        {
            return badLicense;
        }
        return new ProducerProfile(request.Type!, request.Name!.Trim(), request.Email?.Trim(), request.Npn?.Trim(), agencyId,
            request.PartnerAgencyId?.Trim(), ProducerLifecycle.Initial, licenses.Facts!);
    }

    /// <summary>An agent's agency, as read from the tenant (null: there is none): an agency that is not terminated.</summary>
    public static RuleViolation? CheckAgency(string agencyId, ProducerInfo? agency)
    {
        if (agency is null)
        {
            return NoAgency(agencyId);
        }
        if (agency.Type != ProducerTypes.Agency)
        {
            return RuleViolation.Invalid("agencyId", "not_agency", $"{agencyId} is an agent, not an agency");
        }
        return agency.Status == ProducerStatuses.Terminated
            ? RuleViolation.Business($"Agency {agencyId} is terminated; no agent can be added to it", "agencyId", "agency_terminated")
            : null;
    }

    /// <summary>
    /// A PATCH laid over the current profile, each sent field checked as on create, the whole checked against the
    /// lifecycle: a status moves only as <see cref="ProducerLifecycle"/> allows, and a terminated producer changes no more.
    /// </summary>
    public static Decision<ProducerProfile> Update(ProducerState state, string producerId, ProducerPatch patch, ProductCatalog catalog)
    {
        if (patch.Name is not null && TextRules.Required(patch.Name, "name", MaxName) is { } badName)
        {
            return badName;
        }
        if (Email(patch.Email) is { } badEmail)
        {
            return badEmail;
        }
        if (Npn(patch.Npn) is { } badNpn)
        {
            return badNpn;
        }
        if (patch.PartnerAgencyId is not null)
        {
            if (state.Type != ProducerTypes.Agency)
            {
                return RuleViolation.Invalid("partnerAgencyId", "not_applicable", "partnerAgencyId is for agencies; an agent belongs to its agencyId");
            }
            if (PartnerAgencyId(patch.PartnerAgencyId) is { } badPartner)
            {
                return badPartner;
            }
        }
        if (patch.Status is not null && !ProducerStatuses.All.Contains(patch.Status))
        {
            return RuleViolation.Invalid("status", "enum", $"status must be one of {string.Join(", ", ProducerStatuses.All)}");
        }
        IReadOnlyList<ProducerLicense> licenses = state.Licenses;
        if (patch.Licenses is not null)
        {
            var sent = Licenses(patch.Licenses, catalog);
            if (sent.Violation is { } badLicense)
            {
                return badLicense;
            }
            licenses = sent.Facts!;
        }
        var updated = new ProducerProfile(state.Type, patch.Name?.Trim() ?? state.Name, patch.Email?.Trim() ?? state.Email,
            patch.Npn?.Trim() ?? state.Npn, state.AgencyId, patch.PartnerAgencyId?.Trim() ?? state.PartnerAgencyId,
            patch.Status ?? state.Status, licenses);
        if (!ProducerLifecycle.Allows(state.Status, updated.Status))
        {
            return RuleViolation.Transition(state.Status, updated.Status, state.Status == ProducerStatuses.Terminated
                ? $"Producer {producerId} is terminated, which is final; create a new producer instead"
                : $"Producer {producerId} cannot move from {state.Status} to {updated.Status}");
        }
        if (state.Status == ProducerStatuses.Terminated && Changes(state, updated))
        {
            return RuleViolation.Business($"Producer {producerId} is terminated; its profile and licenses can no longer change", "status", "producer_terminated");
        }
        return updated;
    }

    /// <summary>True when applying <paramref name="profile"/> would change what is stored (a PATCH that changes nothing is no update).</summary>
    public static bool Changes(ProducerState state, ProducerProfile profile) =>
        state.Name != profile.Name || state.Email != profile.Email || state.Npn != profile.Npn || state.PartnerAgencyId != profile.PartnerAgencyId
        || state.Status != profile.Status || !SameLicenses(state.Licenses, profile.Licenses);

    /// <summary>Applies a new producer's profile: it starts <see cref="ProducerLifecycle.Initial"/>.</summary>
    public static void Create(ProducerState state, ProducerProfile profile, Actor by, DateTimeOffset now)
    {
        state.Type = profile.Type;
        state.AgencyId = profile.AgencyId;
        state.Status = ProducerLifecycle.Initial;
        state.CreatedAt = now;
        state.CreatedBy = by;
        Apply(state, profile with { Status = ProducerLifecycle.Initial }, now);
    }

    /// <summary>Applies an updated profile (type and agency never change); the status moves only through <see cref="ProducerLifecycle"/>.</summary>
    public static void Apply(ProducerState state, ProducerProfile profile, DateTimeOffset now)
    {
        state.Status = ProducerLifecycle.Move(state.Status, profile.Status);
        state.Name = profile.Name;
        state.Email = profile.Email;
        state.Npn = profile.Npn;
        state.PartnerAgencyId = profile.PartnerAgencyId;
        state.Licenses = [.. profile.Licenses];
        state.UpdatedAt = now;
    }

    /// <summary>
    /// A new appointment for a state and line of business from its effective date. The producer must not be terminated,
    /// and must hold a license for that state, covering that line, unexpired on the effective date (422 naming what is
    /// missing); an active appointment for the same state and line already held is a conflict.
    /// </summary>
    public static Decision<ProducerAppointment> Appoint(
        ProducerState state, string producerId, NewAppointment request, ProductCatalog catalog, string appointmentId, DateTimeOffset now)
    {
        if (TextRules.Required(request.State, "state", 10) is { } noState)
        {
            return noState;
        }
        var code = request.State!.Trim().ToUpperInvariant();
        if (!UsStates.IsCode(code))
        {
            return BadState("state");
        }
        if (TextRules.Required(request.LineOfBusiness, "lineOfBusiness", 40) is { } noLine)
        {
            return noLine;
        }
        if (catalog.Find(request.LineOfBusiness!.Trim()) is not { } plan)
        {
            return NotInCatalog("lineOfBusiness", request.LineOfBusiness, catalog);
        }
        if (request.EffectiveDate is not { } effective)
        {
            return RuleViolation.Invalid("effectiveDate", "required", "Missing required field: effectiveDate");
        }
        var latest = Today(now).AddMonths(MaxAppointmentLeadMonths);
        if (effective < EarliestDate || effective > latest)
        {
            return RuleViolation.Invalid("effectiveDate", "range",
                $"effectiveDate must be between {EarliestDate:yyyy-MM-dd} and {latest:yyyy-MM-dd} (at most {MaxAppointmentLeadMonths} months ahead)");
        }
        if (state.Status == ProducerStatuses.Terminated)
        {
            return Terminated(producerId);
        }
        if (LicenseGap(state.Licenses, code, plan.Code, effective) is { } gap)
        {
            return Unlicensed(producerId, gap, code, plan.Code, effective);
        }
        if (ActiveAppointment(state.Appointments, code, plan.Code) is { } held)
        {
            return Duplicate(producerId, held);
        }
        return new ProducerAppointment(appointmentId, producerId, code, plan.Code, effective, AppointmentStatuses.Active, now, now);
    }

    /// <summary>
    /// An appointment moved to <paramref name="status"/>. Terminating always may; making a terminated one active again
    /// needs what a new one does (a producer not terminated, a license unexpired today or on its later effective date, no
    /// other active appointment for its state and line). Asking for the status it has changes nothing.
    /// </summary>
    public static Decision<ProducerAppointment> UpdateAppointment(
        ProducerState state, string producerId, string appointmentId, string? status, DateTimeOffset now)
    {
        if (state.Appointments.FirstOrDefault(a => a.Id == appointmentId) is not { } appointment)
        {
            return AppointmentNotFound(appointmentId);
        }
        if (TextRules.Required(status, "status", 20) is { } noStatus)
        {
            return noStatus;
        }
        if (!AppointmentStatuses.All.Contains(status))
        {
            return RuleViolation.Invalid("status", "enum", $"status must be one of {string.Join(", ", AppointmentStatuses.All)}");
        }
        if (status == appointment.Status)
        {
            return appointment;
        }
        if (!ProducerLifecycle.AllowsAppointment(appointment.Status, status!))
        {
            return RuleViolation.Transition(appointment.Status, status!, $"Appointment {appointmentId} cannot move from {appointment.Status} to {status}");
        }
        if (status == AppointmentStatuses.Active)
        {
            if (state.Status == ProducerStatuses.Terminated)
            {
                return Terminated(producerId);
            }
            var from = appointment.EffectiveDate > Today(now) ? appointment.EffectiveDate : Today(now);
            if (LicenseGap(state.Licenses, appointment.State, appointment.LineOfBusiness, from) is { } gap)
            {
                return Unlicensed(producerId, gap, appointment.State, appointment.LineOfBusiness, from);
            }
            if (ActiveAppointment(state.Appointments, appointment.State, appointment.LineOfBusiness) is { } held)
            {
                return Duplicate(producerId, held);
            }
        }
        return appointment with { Status = status!, UpdatedAt = now };
    }

    /// <summary>Adds a decided appointment.</summary>
    public static void Apply(ProducerState state, ProducerAppointment appointment)
    {
        state.Appointments.Add(appointment);
        state.UpdatedAt = appointment.UpdatedAt;
    }

    /// <summary>Replaces an appointment with its decided successor; its status moves only through <see cref="ProducerLifecycle"/>.</summary>
    public static void Replace(ProducerState state, ProducerAppointment updated)
    {
        var index = state.Appointments.FindIndex(a => a.Id == updated.Id);
        var current = state.Appointments[index];
        state.Appointments[index] = updated with { Status = ProducerLifecycle.MoveAppointment(current.Status, updated.Status) };
        state.UpdatedAt = updated.UpdatedAt;
    }

    /// <summary>
    /// What <paramref name="producer"/> lacks to place a risk in <paramref name="state"/> for <paramref name="lineOfBusiness"/>
    /// on <paramref name="on"/>, each finding a sentence naming who lacks what; empty when it may. A producer, and an agent's
    /// agency, must be active. The license and appointment must be held together, by the producer or (for an agent) by
    /// its agency: a license is unexpired on the date and covers the line; an appointment is active and in effect.
    /// </summary>
    public static IReadOnlyList<string> Authority(ProducerInfo producer, ProducerInfo? agency, string state, string lineOfBusiness, DateOnly on)
    {
        var code = state.Trim().ToUpperInvariant();
        var findings = new List<string>();
        if (producer.Status != ProducerStatuses.Active)
        {
            findings.Add($"{producer.Type} {producer.Id} is {producer.Status}");
        }
        var holders = new List<ProducerInfo> { producer };
        if (producer.Type == ProducerTypes.Agent)
        {
            if (agency is null)
            {
                findings.Add($"agency {producer.AgencyId} of agent {producer.Id} was not found");
            }
            else
            {
                if (agency.Status != ProducerStatuses.Active)
                {
                    findings.Add($"agency {agency.Id} is {agency.Status}");
                }
                holders.Add(agency);
            }
        }
        var gaps = holders.Select(h => (Holder: h,
            License: LicenseGap(h.Licenses, code, lineOfBusiness, on),
            Appointment: AppointmentGap(h.Appointments, code, lineOfBusiness, on))).ToList();
        if (gaps.All(g => g.License is not null || g.Appointment is not null))
        {
            foreach (var (holder, license, appointment) in gaps)
            {
                if (license is not null)
                {
                    findings.Add($"{holder.Type} {holder.Id} {license}");
                }
                if (appointment is not null)
                {
                    findings.Add($"{holder.Type} {holder.Id} {appointment}");
                }
            }
        }
        return findings;
    }

    /// <summary>
    /// Why <paramref name="licenses"/> do not let their holder write <paramref name="lineOfBusiness"/> in
    /// <paramref name="state"/> on <paramref name="on"/> (a phrase to follow the holder's name), or null when they do.
    /// A license is good through its expiry date.
    /// </summary>
    public static string? LicenseGap(IReadOnlyList<ProducerLicense> licenses, string state, string lineOfBusiness, DateOnly on)
    {
        if (licenses.FirstOrDefault(l => string.Equals(l.State, state, StringComparison.OrdinalIgnoreCase)) is not { } license)
        {
            return $"holds no {state} license (needed for {lineOfBusiness} on {Day(on)})";
        }
        if (!license.LinesOfBusiness.Contains(lineOfBusiness, StringComparer.OrdinalIgnoreCase))
        {
            return $"holds {state} license {license.Number}, which does not cover {lineOfBusiness}";
        }
        return license.ExpiresOn < on ? $"holds {state} license {license.Number}, which expired on {Day(license.ExpiresOn)} (before {Day(on)})" : null;
    }

    /// <summary>
    /// Why <paramref name="appointments"/> do not appoint their holder for <paramref name="lineOfBusiness"/> in
    /// <paramref name="state"/> on <paramref name="on"/> (a phrase to follow the holder's name), or null when one does.
    /// </summary>
    public static string? AppointmentGap(IReadOnlyList<ProducerAppointment> appointments, string state, string lineOfBusiness, DateOnly on)
    {
        var matching = appointments.Where(a => string.Equals(a.State, state, StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.LineOfBusiness, lineOfBusiness, StringComparison.OrdinalIgnoreCase)).ToList();
        var active = matching.Where(a => a.Status == AppointmentStatuses.Active).ToList();
        if (active.Any(a => a.EffectiveDate <= on))
        {
            return null;
        }
        if (active.Count > 0)
        {
            return $"is appointed for {lineOfBusiness} in {state} only from {Day(active.Min(a => a.EffectiveDate))} (appointment {active[0].Id}), after {Day(on)}";
        }
        return matching.Count > 0
            ? $"has no active appointment for {lineOfBusiness} in {state} (appointment {matching[^1].Id} is terminated)"
            : $"has no appointment for {lineOfBusiness} in {state}";
    }

    /// <summary>
    /// A license list as sent (null: none): at most <see cref="MaxLicenses"/>, one per state, each with a US state code,
    /// a number, at least one line of business of the catalog and an expiry date. Normalized: states upper-case, lines
    /// as the catalog spells them, each once.
    /// </summary>
    public static Decision<IReadOnlyList<ProducerLicense>> Licenses(IReadOnlyList<ProducerLicense>? licenses, ProductCatalog catalog)
    {
        if (licenses is null)
        {
            return new List<ProducerLicense>();
        }
        if (licenses.Count > MaxLicenses)
        {
            return RuleViolation.Invalid("licenses", "max_items", $"licenses may hold at most {MaxLicenses} entries (one per state)");
        }
        var normalized = new List<ProducerLicense>();
        for (var i = 0; i < licenses.Count; i++)
        {
            var field = $"licenses[{i}]";
            var license = licenses[i];
            if (TextRules.Required(license.State, $"{field}.state", 10) is { } noState)
            {
                return noState;
            }
            var state = license.State.Trim().ToUpperInvariant();
            if (!UsStates.IsCode(state))
            {
                return BadState($"{field}.state");
            }
            var earlier = normalized.FindIndex(l => l.State == state);
            if (earlier >= 0)
            {
                return RuleViolation.Invalid($"{field}.state", "duplicate",
                    $"{field}.state {state} repeats licenses[{earlier}]; a producer holds one license per state, covering all its lines");
            }
            if (TextRules.Required(license.Number, $"{field}.number", MaxLicenseNumber) is { } noNumber)
            {
                return noNumber;
            }
            if (license.LinesOfBusiness is not { Length: > 0 } lines)
            {
                return RuleViolation.Invalid($"{field}.linesOfBusiness", "required", $"{field}.linesOfBusiness must name at least one line of business");
            }
            var codes = new List<string>();
            foreach (var line in lines)
            {
                if (catalog.Find(line?.Trim()) is not { } plan)
                {
                    return NotInCatalog($"{field}.linesOfBusiness", line, catalog);
                }
                if (!codes.Contains(plan.Code))
                {
                    codes.Add(plan.Code);
                }
            }
            if (license.ExpiresOn < EarliestDate)
            {
                return RuleViolation.Invalid($"{field}.expiresOn", "range", $"{field}.expiresOn must be a date from {EarliestDate:yyyy-MM-dd}");
            }
            normalized.Add(new ProducerLicense(state, license.Number.Trim(), [.. codes], license.ExpiresOn));
        }
        return normalized;
    }

    private static RuleViolation? Email(string? email)
    {
        if (email is null)
        {
            return null;
        }
        var trimmed = email.Trim();
        return trimmed.Length > MaxEmail || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed
            ? RuleViolation.Invalid("email", "format", "email must be an email address such as agent@example.com")
            : null;
    }

    private static RuleViolation? Npn(string? npn) =>
        npn is not null && npn.Trim() is var digits && (digits.Length is 0 or > MaxNpnDigits || !digits.All(char.IsAsciiDigit))
            ? RuleViolation.Invalid("npn", "format", $"npn must be a National Producer Number of 1 to {MaxNpnDigits} digits")
            : null;

    private static RuleViolation? PartnerAgencyId(string? partnerAgencyId) =>
        partnerAgencyId is null ? null : TextRules.Required(partnerAgencyId, "partnerAgencyId", MaxPartnerAgencyId);

    private static bool SameLicenses(IReadOnlyList<ProducerLicense> a, IReadOnlyList<ProducerLicense> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.State == p.Second.State && p.First.Number == p.Second.Number
            && p.First.ExpiresOn == p.Second.ExpiresOn && p.First.LinesOfBusiness.SequenceEqual(p.Second.LinesOfBusiness));

    private static ProducerAppointment? ActiveAppointment(IEnumerable<ProducerAppointment> appointments, string state, string lineOfBusiness) =>
        appointments.FirstOrDefault(a => a.Status == AppointmentStatuses.Active && a.State == state && a.LineOfBusiness == lineOfBusiness);

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static RuleViolation NoAgency(string agencyId) => RuleViolation.Invalid("agencyId", "not_found", $"There is no agency {agencyId}");

    private static RuleViolation BadState(string field) =>
        RuleViolation.Invalid(field, "format", $"{field} must be a two-letter US state code such as TX");

    private static RuleViolation NotInCatalog(string field, string? line, ProductCatalog catalog) =>
        RuleViolation.Invalid(field, "not_in_catalog",
            $"{field}: {line} is not a line of business; available: {string.Join(", ", catalog.All.Select(p => p.Code))}");

    private static RuleViolation Terminated(string producerId) =>
        RuleViolation.Business($"Producer {producerId} is terminated; it cannot be appointed", "status", "producer_terminated");

    private static RuleViolation Unlicensed(string producerId, string gap, string state, string lineOfBusiness, DateOnly from) =>
        RuleViolation.Business(
            $"Producer {producerId} {gap}: an appointment for {lineOfBusiness} in {state} from {Day(from)} needs an unexpired {state} license covering {lineOfBusiness}",
            new Dictionary<string, string>
            {
                ["field"] = "state",
                ["rule"] = "license_required",
                ["state"] = state,
                ["lineOfBusiness"] = lineOfBusiness,
                ["effectiveDate"] = Day(from),
                ["missing"] = $"producer {producerId} {gap}",
            });

    private static RuleViolation Duplicate(string producerId, ProducerAppointment held) =>
        RuleViolation.Conflict($"Producer {producerId} already holds active appointment {held.Id} for {held.LineOfBusiness} in {held.State}",
            new Dictionary<string, string> { ["appointmentId"] = held.Id });

    private static RuleViolation AppointmentNotFound(string appointmentId) => new(ErrorCodes.NotFound, $"Appointment {appointmentId} not found");
}
