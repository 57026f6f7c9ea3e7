// Starts Swagger UI on /docs. A file rather than an inline script, so /docs runs under a CSP without
// 'unsafe-inline'; the settings come from the page (data-config, written by api/app.py).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var config = JSON.parse(root.getAttribute("data-config"));
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  window.ui = SwaggerUIBundle(config);
})();
