from django.db import migrations


def create_homepage(apps, schema_editor):
    """Replace Wagtail's welcome page with our home page and point the default site at it."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("lscb_training.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="lscb_training")
    home = HomePage.objects.create(
        title="CSE training for professionals",
        draft_title="CSE training for professionals",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=Locale.objects.order_by("pk").values_list("pk", flat=True).first(),
        introduction=(
            "Find and book Child Sexual Exploitation training at the right level for your role, "
            "do the e-learning and get your certificate."
        ),
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page_id": home.id, "port": 80}
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("lscb_training.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lscb_training", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
