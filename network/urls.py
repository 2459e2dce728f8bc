from .views import agreements, graph, io, maps, outreach, pdf, profiles, vocabulary

app_name = "network"

urlpatterns = [
    *profiles.urlpatterns,
    *agreements.urlpatterns,
    *outreach.urlpatterns,
    *graph.urlpatterns,
    *maps.urlpatterns,
    *io.urlpatterns,
    *pdf.urlpatterns,
    *vocabulary.urlpatterns,
]
