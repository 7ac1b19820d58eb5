using Microsoft.Extensions.Options;

namespace Insure.Api.Hosting;

/// <summary>How both programs refuse to start on a configuration mistake: every problem named, no stack trace, exit code 1.</summary>
public static class StartupFailure
{
    public static int Report(OptionsValidationException invalid)
    {
        Console.Error.WriteLine("Insure cannot start: " + string.Join(Environment.NewLine + "  ", invalid.Failures));
        return 1;
    }
}
