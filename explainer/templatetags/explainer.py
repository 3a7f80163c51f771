from django import template

from explainer.markdown import link_terms, render_markdown, render_markdown_inline

register = template.Library()


@register.filter
def markdown(text):
    """Render authored Markdown safely."""
    return render_markdown(text)


@register.filter
def markdown_inline(text):
    """Render one paragraph of authored Markdown without its <p>, for a legend or a label."""
    return render_markdown_inline(text)


@register.simple_tag
def markdown_with_terms(text, glossary):
    """Render authored Markdown and link the first use of each glossary term."""
    return link_terms(render_markdown(text), glossary.spellings, glossary.url)
