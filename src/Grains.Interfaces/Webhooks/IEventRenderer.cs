namespace Insure.Grains;

/// <summary>
/// Turns a stored event into the JSON body integrators receive (`{"id","type","orgId","timestamp","data"}`), the
/// same one `GET /v1/events/{id}` shows. The Api supplies the rendering of each event's data.
/// </summary>
public interface IEventRenderer
{
    string Render(DomainEvent e);
}
