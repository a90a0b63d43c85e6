"""allauth's account forms, reworded for this site.

Kept apart from ``people.forms``: allauth builds its sign-up form *on top of*
``people.forms.SignupForm`` (ACCOUNT_SIGNUP_FORM_CLASS), so importing allauth's forms there
would be circular. allauth loads these through ACCOUNT_FORMS.
"""

from allauth.account import forms as allauth_forms

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from people.models import User

EMAIL_MESSAGES = {
    "required": "Enter your work email address",
    "invalid": "Enter an email address in the right format, like name@example.org",
}


def _word_email(field, label="Work email address"):
    field.label = label
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs["autocomplete"] = "email"
    field.error_messages.update(EMAIL_MESSAGES)


def _word_new_password(form, new="Create a password", again="Confirm your password"):
    """Plain labels and one plain hint instead of Django's list of validator rules."""
    form.fields["password1"].label = new
    form.fields["password1"].help_text = (
        "Use at least 10 characters. Do not use a common password, only numbers, "
        "or something close to your name or email address."
    )
    form.fields["password1"].error_messages["required"] = "Enter a new password"
    form.fields["password2"].label = again
    form.fields["password2"].error_messages["required"] = "Enter the new password again to confirm it"
    for name in ("password1", "password2"):
        form.fields[name].widget.attrs.pop("placeholder", None)


def _word_current_password(field, label="Password"):
    field.label = label
    field.help_text = ""  # pages link to password reset themselves
    field.widget.attrs.pop("placeholder", None)
    field.error_messages["required"] = "Enter your password"


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word_email(self.fields["login"])
        _word_current_password(self.fields["password"])
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word_email(self.fields["email"])
        self.fields["email"].help_text = "You will sign in with this. Use your own address, not a shared inbox."
        _word_new_password(self)
        self.fields["password1"].error_messages["required"] = "Create a password"

    def clean(self):
        cleaned_data = super().clean()
        # allauth checks the password against a stand-in person with only an email; check it
        # again knowing the name too, as the hint promises (the other rules have passed by now).
        password = cleaned_data.get("password1")
        if password and "password1" not in self.errors:
            person = User(full_name=cleaned_data.get("full_name", ""), email=cleaned_data.get("email", ""))
            try:
                validate_password(password, person)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned_data


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word_email(self.fields["email"])


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word_new_password(self, new="New password", again="Confirm your new password")


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word_current_password(self.fields["oldpassword"], label="Current password")
        self.fields["oldpassword"].error_messages["required"] = "Enter your current password"
        _word_new_password(self, new="New password", again="Confirm your new password")


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word_email(self.fields["email"], label="New work email address")


class ReauthenticateForm(allauth_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word_current_password(self.fields["password"])
