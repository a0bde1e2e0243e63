"""Progress views: measures, charts, rankings and the user-data export behind /stats."""
