using Insure.Api.Hosting;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddInsure();
}
catch (OptionsValidationException invalid)
{
    // A configuration mistake: say what to fix, without a stack trace, and exit non-zero.
    Console.Error.WriteLine("Insure cannot start: " + string.Join(Environment.NewLine + "  ", invalid.Failures));
    return 1;
}

var app = builder.Build();
app.UseInsure();
app.Run();
return 0;

/// <summary>The Api's entry point (public so WebApplicationFactory can host it in tests).</summary>
public partial class Program;
