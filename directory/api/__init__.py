"""The open directory API, version 1 (`views`): serializers, reads (`selectors`), the page at
/api/ (`docs`) and the routes (`urls`)."""
