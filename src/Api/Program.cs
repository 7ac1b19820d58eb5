using Insure.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddInsure();

var app = builder.Build();
app.UseInsure();
app.Run();

/// <summary>The Api's entry point (public so WebApplicationFactory can host it in tests).</summary>
public partial class Program;
