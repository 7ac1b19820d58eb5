using Insure.Api.Hosting;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddInsure();
}
catch (OptionsValidationException invalid)
{
    return StartupFailure.Report(invalid);
}

var app = builder.Build();
app.UseInsure();
app.Run();
return 0;

/// <summary>The Api's entry point (public so WebApplicationFactory can host it in tests).</summary>
public partial class Program;
