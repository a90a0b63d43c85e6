"""The Wagtail admin screens for the partnership's controlled lists and agency leads.

Training administrators keep agencies and job roles up to date and say who leads which
agency here; the Training administrators group holds the permissions these screens check.
"""

from allauth.account.models import EmailAddress

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from wagtail import hooks
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.users.forms import GroupForm, UserCreationForm, UserEditForm
from wagtail.users.views import groups as groups_views
from wagtail.users.views import users as users_views
from wagtail.users.views.bulk_actions import AssignRoleBulkAction, DeleteBulkAction, SetActiveStateBulkAction

from lscb_training.forms import FilterModelMultipleChoiceField, ModelChoiceField, ModelMultipleChoiceField
from people.models import EMAIL_TAKEN, Agency, AgencyLeadership, JobRole, User


class PersonSearchForm(BaseFilterForm):
    """People are not in the search index, so the chooser searches name and email directly."""

    q = forms.CharField(label="Search by name or email", required=False)

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
        return objects


class PersonChooseView(ChooseView):
    filter_form_class = PersonSearchForm


class PersonChooseResultsView(ChooseResultsView):
    filter_form_class = PersonSearchForm


class PersonChooserViewSet(ChooserViewSet):
    model = User
    icon = "user"
    choose_one_text = "Choose a person"
    choose_another_text = "Choose another person"
    edit_item_text = "Edit this person"
    per_page = 20

    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView

    def get_object_list(self):
        return User.objects.filter(is_active=True).select_related("agency")


person_chooser_viewset = PersonChooserViewSet("person_chooser")


class AgencyViewSet(ModelViewSet):
    model = Agency
    icon = "group"
    menu_label = "Agencies"
    list_display = ["name", "sector", "is_active"]
    list_filter = ["sector", "is_active"]
    search_fields = ["name"]
    form_fields = ["name", "sector", "is_active", "charges_waived"]
    ordering = ["name"]


class JobRoleViewSet(ModelViewSet):
    model = JobRole
    icon = "tag"
    menu_label = "Job roles"
    list_display = ["name", "code", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
    form_fields = ["name", "code", "description", "is_active"]
    ordering = ["name"]


class AgencyLeadershipViewSet(ModelViewSet):
    model = AgencyLeadership
    icon = "user"
    menu_label = "Agency leads"
    list_display = ["user", "agency", "created_at"]
    list_filter = ["agency"]
    search_fields = ["user__full_name", "user__email", "agency__name"]
    panels = [
        FieldPanel("user", widget=person_chooser_viewset.widget_class, heading="Person"),
        FieldPanel("agency"),
    ]


class PeopleViewSetGroup(ViewSetGroup):
    menu_label = "People"
    menu_icon = "group"
    menu_order = 300
    items = (AgencyViewSet("agencies"), JobRoleViewSet("job_roles"), AgencyLeadershipViewSet("agency_leads"))


@hooks.register("register_admin_viewset")
def register_people_viewsets():
    return [person_chooser_viewset, PeopleViewSetGroup()]


# Wagtail's own user admin assumes first and last names, which people here do not have: it
# would insist on both and throw them away. These forms ask for what a person really has,
# and leave passwords to the person (allauth's "Forgotten your password?"), never the admin.
PERSON_FIELDS = ["email", "full_name", "agency", "job_role", "team", "line_manager_name", "line_manager_email"]
# Wagtail's user forms are plain model forms, outside its admin form registry.
PERSON_FIELD_CLASSES = {"agency": ModelChoiceField, "job_role": ModelChoiceField, "groups": ModelMultipleChoiceField}


class PersonAdminFormMixin:
    password_enabled = False
    # Wagtail's own check finds the same address only; User.clean finds it in other capitals.
    error_messages = {**UserCreationForm.error_messages, "duplicate_username": EMAIL_TAKEN}

    def save(self, commit=True):
        person = super().save(commit=False)
        if person._state.adding:
            person.set_unusable_password()
        if commit:
            person.save()
            self.save_m2m()
            if "email" in self.changed_data:
                sync_login_email(person)
        return person


def sync_login_email(person):
    """Makes the person's new login email their only address, to be verified by them.

    allauth signs people in by its own EmailAddress rows; left alone, an address changed here
    would not match them, and the old one would still receive the account's emails.
    """
    EmailAddress.objects.filter(user=person).exclude(email__iexact=person.email).delete()
    EmailAddress.objects.update_or_create(
        user=person, email=person.email, defaults={"primary": True, "verified": False}
    )


class PersonCreationForm(PersonAdminFormMixin, UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        fields = [*PERSON_FIELDS, "is_superuser", "groups"]
        field_classes = PERSON_FIELD_CLASSES
        help_texts = {"email": "They set their own password with “Forgotten your password?” on the sign-in page."}


class PersonEditForm(PersonAdminFormMixin, UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        fields = [*PERSON_FIELDS, "role_started_on", "is_active", "is_superuser", "groups"]
        field_classes = PERSON_FIELD_CLASSES


# Training administrators may manage people, but not superusers, and may not make anyone a
# superuser: otherwise changing a superuser's email, or creating one, would hand them the site.


class NoSuperuserGrantMixin:
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.user.is_superuser:
            form.fields.pop("is_superuser", None)
        return form


def may_manage_person(user, person):
    return user.is_superuser or not person.is_superuser


class SuperusersOnlyBySuperusersMixin:
    def get_object(self, queryset=None):
        person = super().get_object(queryset)
        if not may_manage_person(self.request.user, person):
            raise PermissionDenied
        return person


class PersonCreateView(NoSuperuserGrantMixin, users_views.CreateView):
    pass


class PersonEditView(SuperusersOnlyBySuperusersMixin, NoSuperuserGrantMixin, users_views.EditView):
    pass


class PersonDeleteView(SuperusersOnlyBySuperusersMixin, users_views.DeleteView):
    pass


# The user list's bulk actions are edit paths too: Wagtail's own set-active-state and
# assign-role actions check only the change permission, so they replace them (same
# action_type, registered after wagtail.users) and list a superuser under "no permission".
class SuperusersOnlyBySuperusersBulkMixin:
    def check_perm(self, obj):
        return super().check_perm(obj) and may_manage_person(self.request.user, obj)


class PersonDeleteBulkAction(SuperusersOnlyBySuperusersBulkMixin, DeleteBulkAction):
    pass


class PersonSetActiveStateBulkAction(SuperusersOnlyBySuperusersBulkMixin, SetActiveStateBulkAction):
    pass


class PersonAssignRoleBulkAction(SuperusersOnlyBySuperusersBulkMixin, AssignRoleBulkAction):
    pass


for bulk_action in (PersonDeleteBulkAction, PersonSetActiveStateBulkAction, PersonAssignRoleBulkAction):
    hooks.register("register_bulk_action", bulk_action, order=1)


@hooks.register("before_bulk_action")
def refuse_bulk_actions_on_superusers_by_others(request, action_type, objects, action):
    """The backstop for any user bulk action not replaced above (one a Wagtail upgrade adds)."""
    if action.model is User and not all(may_manage_person(request.user, person) for person in objects):
        raise PermissionDenied


class PersonUserFilterSet(users_views.UserFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["group"].field_class = FilterModelMultipleChoiceField


class PersonUserViewSet(users_views.UserViewSet):
    """Wagtail's user admin with this site's person fields (see ``PeopleUsersAppConfig``)."""

    filterset_class = PersonUserFilterSet

    add_view_class = PersonCreateView
    edit_view_class = PersonEditView
    delete_view_class = PersonDeleteView

    create_template_name = "people/admin/user_create.html"
    edit_template_name = "people/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else PersonCreationForm


class PermissionsGroupForm(GroupForm):
    class Meta(GroupForm.Meta):
        field_classes = {"permissions": ModelMultipleChoiceField}


class GroupViewSet(groups_views.GroupViewSet):
    """Wagtail's group admin, whose permission choices refuse an id that cannot be one."""

    def get_form_class(self, for_update=False):
        return PermissionsGroupForm
