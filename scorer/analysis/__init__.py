"""What the signals read besides the page: cited outlets, domain ratings, clickbait scores."""
