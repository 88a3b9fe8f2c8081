// Swagger UI's initializer, served as a file so that the page needs no inline script (CSP script-src 'self').
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
    // the API takes "Authorization: Bearer <API key or session token>", entered with the Authorize button
    persistAuthorization: false,
    validatorUrl: null
  });
});
