namespace OneThing.Server.Api;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and a browsable UI at <c>/swagger</c>.</summary>
public static class OpenApiSetup
{
    /// <summary>Registers document generation.</summary>
    public static WebApplicationBuilder AddApiDocumentation(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenApi("v1");
        return builder;
    }

    /// <summary>Maps the document and the UI.</summary>
    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint("/openapi/v1.json", "OneThing API v1");
            ui.DocumentTitle = "OneThing API";
        });
        return app;
    }
}
