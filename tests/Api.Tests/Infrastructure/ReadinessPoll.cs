using System.Net;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>Waiting for `/health/ready`, whose answer each node keeps for a second.</summary>
public static class ReadinessPoll
{
    /// <summary>
    /// The first answer with <paramref name="status"/> (a node not listening yet counts as no answer); fails the test if
    /// none comes within <paramref name="seconds"/>.
    /// </summary>
    public static async Task<HttpResponseMessage> Until(HttpClient client, HttpStatusCode status, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                var response = await client.GetAsync("/health/ready");
                if (response.StatusCode == status)
                {
                    return response;
                }
            }
            catch (HttpRequestException)
            {
                // A process that is not listening yet.
            }
            Assert.True(DateTime.UtcNow < deadline, $"/health/ready never answered {status} in {seconds} s");
            await Task.Delay(100);
        }
    }
}
