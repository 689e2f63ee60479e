"""The coaches' review app: browse scored calls, correct them, and export the corrections.

* :mod:`analyzer.review.app` - the Flask app (:func:`create_app`);
* :mod:`analyzer.review.actions` - coach actions and the state they add up to (pure);
* :mod:`analyzer.review.view` - what a call page shows (pure; the HTML report uses it too);
* :mod:`analyzer.review.listing` - the paginated, filtered call list;
* :mod:`analyzer.review.feedback` - reviewed calls as gold-format training data;
* :mod:`analyzer.review.security` - bind address, token, CSRF and response headers.

Flask is imported only by ``app``, ``security`` and ``server``, so the pure modules stay cheap.
"""
