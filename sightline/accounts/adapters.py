from allauth.account.adapter import DefaultAccountAdapter

from sightline.core.redirects import is_site_path


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People join by invitation only.
        return False

    def is_safe_url(self, url):
        # Sign-in, sign-out and re-authentication follow `next` only to a path on this site, like every other
        # redirect the request names (core/redirects.py).
        return is_site_path(url)
