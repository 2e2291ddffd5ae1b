using OneThing.Server.Hosting;

namespace OneThing.Server.Api;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and a browsable UI at <c>/swagger</c>, served in the
/// Development environment, or elsewhere when <see cref="WebSecurityOptions.ApiDocumentation"/> says so: a production
/// server does not hand every visitor a map of its API.</summary>
public static class OpenApiSetup
{
    /// <summary>Registers document generation.</summary>
    public static WebApplicationBuilder AddApiDocumentation(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenApi("v1", options => options.AddApiConventions());
        return builder;
    }

    /// <summary>Maps the document and the UI when they are to be served.</summary>
    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var enabled = app.Services.GetRequiredService<WebSecurityOptions>().ApiDocumentation
            ?? app.Environment.IsDevelopment();
        if (!enabled)
        {
            return app;
        }

        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint("/openapi/v1.json", "OneThing API v1");
            ui.DocumentTitle = "OneThing API";
        });
        return app;
    }
}
