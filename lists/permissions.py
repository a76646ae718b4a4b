"""Who may do what with a trusted list: the model permissions (setup.py), narrowed to the
user's own organizations for anything that changes a list. Viewing stays open to every holder
of the view permission, so staff of one organization can read (not change) another's lists."""

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from lists.models import TrustedList

OWN_ONLY = frozenset({"change", "delete", "publish"})


def is_curator(user, trusted_list: TrustedList) -> bool:
    """Staff of the list's organization (or a superuser)."""
    if user.is_superuser:
        return True
    if not user.is_authenticated or trusted_list.organization_id is None:
        return False
    return trusted_list.organization.staff.filter(pk=user.pk).exists()


class TrustedListPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        if not self.user_has_permission(user, action):
            return False
        if action == "delete" and instance.pk and instance.editions.exists():
            return False  # its editions are history; a list once published stays
        if action in OWN_ONLY:
            return is_curator(user, instance)
        return True

    def instances_user_has_any_permission_for(self, user, actions):
        allowed = [action for action in actions if self.user_has_permission(user, action)]
        if not allowed:
            return TrustedList.objects.none()
        if set(allowed) - OWN_ONLY:
            return TrustedList.objects.all()
        return TrustedList.objects.editable_by(user)


trusted_list_policy = TrustedListPermissionPolicy(TrustedList)
register_permission_policy(TrustedList, trusted_list_policy)
