"""The self-assessment against the six principles (being written)."""


def form_html(catalogue, url_for) -> str:
    return ""
