// Starts Swagger UI from a file rather than an inline script, so that the page's
// Content-Security-Policy can say script-src 'self'.
window.addEventListener("load", function () {
  var container = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: container.dataset.specUrl, domNode: container });
});
